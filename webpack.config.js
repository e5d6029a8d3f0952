// Builds the Outlook add-in into dist/addin/: the task pane, the dev host, the sign-in dialog page and
// (once addin/launchevent/index.ts exists) the event-based activation bundle. Type-checking is a
// separate step (`tsc -p addin/tsconfig.json`); esbuild only strips types here.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
const outputDir = path.join(here, 'dist', 'addin');
const launchEventEntry = path.join(here, 'addin', 'launchevent', 'index.ts');
const assetsDir = path.join(here, 'addin', 'assets');

/** office.js is never bundled: Microsoft requires loading it from its CDN (microsoft.md §2.1). */
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/**
 * React 19 and Fluent v9 need an evergreen engine: WebView2 on Windows, WKWebView on Mac/iOS, a current
 * browser for Outlook on the web. Office on Windows without WebView2 falls back to IE11 (manifest docs,
 * "Runtimes" element) and is not supported. Which ES level classic Outlook's JavaScript-only runtime
 * accepts for launchevent.js is not documented in our references [verify on a real client].
 */
const TARGET = 'es2020';

/** Files whose names must not change between builds: the manifest points at them directly. */
const STABLE_NAMES = new Set(['launchevent']);

function page({ filename, title, chunks, officeJs }) {
  return new HtmlWebpackPlugin({
    filename,
    chunks,
    title,
    scriptLoading: 'defer',
    inject: 'body',
    templateContent: ({ htmlWebpackPlugin }) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${htmlWebpackPlugin.options.title}</title>
  ${officeJs ? `<script src="${OFFICE_JS}"></script>` : ''}
  <style>html, body, #root, #root > .fui-FluentProvider { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="root"></div>
</body>
</html>`,
  });
}

/**
 * The backend's public origin for the launch-event handlers, which run without a page (and so without
 * `location`) in classic Outlook on Windows (addin/launchevent/backend-origin.ts). From
 * `--env backendOrigin=https://…`, else BRIDGE_PUBLIC_URL (the same variable the server reads), else none.
 */
function backendOrigin(env) {
  const configured = env?.backendOrigin ?? process.env.BRIDGE_PUBLIC_URL;
  if (configured === undefined || configured === '') return undefined;
  return new URL(configured).origin;
}

export default (env, argv) => {
  const production = argv.mode === 'production';
  const origin = backendOrigin(env);
  const hasLaunchEvent = existsSync(launchEventEntry);
  const entry = {
    taskpane: './addin/taskpane/index.tsx',
    devhost: './addin/devhost/index.tsx',
    authdialog: './addin/auth/auth-dialog.ts',
    // why: another change adds addin/launchevent/index.ts; the build must work before it lands
    ...(hasLaunchEvent ? { launchevent: launchEventEntry } : {}),
  };
  return {
    mode: production ? 'production' : 'development',
    context: here,
    entry,
    target: ['web', TARGET],
    // why not eval-*: the backend's Content-Security-Policy forbids eval (server/http/content-security-policy.ts)
    devtool: production ? 'source-map' : 'cheap-module-source-map',
    output: {
      path: outputDir,
      // why: hashed names let the server cache them forever; the launch-event file keeps its name for the manifest
      filename: (pathData) => (!production || STABLE_NAMES.has(pathData.chunk?.name ?? '') ? '[name].js' : '[name].[contenthash:8].js'),
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: 'auto',
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      // the sources import with .js extensions (TypeScript's node-style specifiers); map them back
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.[cm]?[jt]sx?$/,
          exclude: /node_modules/,
          loader: 'esbuild-loader',
          options: { target: TARGET, jsx: 'automatic', tsconfig: path.join(here, 'addin', 'tsconfig.json') },
        },
      ],
    },
    optimization: {
      minimizer: [new EsbuildPlugin({ target: TARGET, css: false, treeShaking: true, legalComments: 'external' })],
      // why: only lazily loaded chunks are split (webpack's default), so launchevent.js stays one file with no
      // imports, as the classic-Outlook JavaScript runtime requires (microsoft.md §1.6)
      splitChunks: { chunks: 'async' },
    },
    performance: {
      hints: production ? 'warning' : false,
      // uncompressed bytes; the budget is 250 KB gzipped for the task pane's initial JavaScript
      maxEntrypointSize: 900 * 1024,
      maxAssetSize: 900 * 1024,
      assetFilter: (file) => file.endsWith('.js') && !file.startsWith('devhost'),
    },
    plugins: [
      new webpack.DefinePlugin({ __BACKEND_ORIGIN__: origin === undefined ? 'undefined' : JSON.stringify(origin) }),
      page({ filename: 'taskpane.html', title: 'DingTalk directory', chunks: ['taskpane'], officeJs: true }),
      page({ filename: 'devhost.html', title: 'DingTalk ⇄ Outlook bridge · dev host', chunks: ['devhost'], officeJs: false }),
      page({ filename: 'auth-dialog.html', title: 'Sign in', chunks: ['authdialog'], officeJs: true }),
      page({ filename: 'commands.html', title: 'DingTalk bridge commands', chunks: hasLaunchEvent ? ['launchevent'] : [], officeJs: true }),
      ...(existsSync(assetsDir) ? [new CopyWebpackPlugin({ patterns: [{ from: assetsDir, to: 'assets' }] })] : []),
    ],
    stats: production ? 'normal' : 'minimal',
  };
};
