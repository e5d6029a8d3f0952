import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { XmlError, parseXml } from '../../server/addin-manifest/xml.js';

const MANIFEST = readFileSync(new URL('../../manifest.xml', import.meta.url), 'utf8');

/** A small document that uses every construct the parser supports. */
const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- head -->
<?pi data?>
<r xmlns="urn:r" xmlns:p="urn:p" a="1 &amp; 2" p:b='x&#x41;&#66;'>
  <p:c>text &lt;tag&gt; &quot;q&quot; &apos;</p:c>
  <d><![CDATA[ <raw> & ]]></d>
  <e/>
</r>
`;

function rejects(xml: string, pattern: RegExp): void {
  assert.throws(() => parseXml(xml), (error: unknown) => error instanceof XmlError && pattern.test(error.message), `expected rejection matching ${String(pattern)} for ${JSON.stringify(xml)}`);
}

describe('parseXml', () => {
  it('builds the tree: names, namespaces, decoded attributes and text, offsets', () => {
    const root = parseXml(SAMPLE);
    assert.equal(root.name, 'r');
    assert.equal(root.ns, 'urn:r');
    assert.equal(root.attributes.get('a'), '1 & 2');
    assert.equal(root.attributes.get('p:b'), 'xAB');
    const [c, d, e] = root.children;
    assert.equal(c?.local, 'c');
    assert.equal(c?.ns, 'urn:p');
    assert.equal(c?.text, 'text <tag> "q" \'');
    assert.equal(d?.text, ' <raw> & ');
    assert.equal(e?.ns, 'urn:r');
    assert.equal(SAMPLE.slice(e?.start, e?.end), '<e/>');
    assert.equal(SAMPLE.slice(c?.start, c?.end), '<p:c>text &lt;tag&gt; &quot;q&quot; &apos;</p:c>');
    assert.equal(c?.line, 5);
  });

  it('normalises literal line breaks in attribute values but keeps character references', () => {
    assert.equal(parseXml('<a v="x\r\ny\tz&#10;"/>').attributes.get('v'), 'x y z\n');
  });

  it('parses the repository manifest', () => {
    assert.equal(parseXml(MANIFEST).local, 'OfficeApp');
  });

  it('rejects documents that are not well-formed, with the line and column', () => {
    rejects('', /expected the root element/);
    rejects('<a><b></a></b>', /<\/a> does not match <b>/);
    rejects('<a>', /<a> is not closed/);
    rejects('<a/><b/>', /content after the root element/);
    rejects('<a/>text', /content after the root element/);
    rejects('<a>&nbsp;</a>', /unknown entity &nbsp;/);
    rejects('<a>fish & chips</a>', /unknown entity|must start a reference/);
    rejects('<a>x &amp y</a>', /unknown entity|must start a reference/);
    rejects('<a v="<"/>', /"<" is not allowed in an attribute value/);
    rejects('<a v="1" v="2"/>', /duplicate attribute v/);
    rejects('<a v=1/>', /must be quoted/);
    rejects('<a v="1"w="2"/>', /white space between attributes/);
    rejects('<a><!-- a -- b --></a>', /"--" is not allowed inside a comment/);
    rejects('<p:a/>', /namespace prefix p is not declared/);
    rejects('<a p:v="1"/>', /namespace prefix p is not declared/);
    rejects('<a xmlns:p="urn:x" xmlns:q="urn:x" p:v="1" q:v="2"/>', /repeats another in the same namespace/);
    rejects('<!DOCTYPE a><a/>', /DOCTYPE is not allowed/);
    rejects('<a>\u0001</a>', /U\+0001 is not allowed/);
    rejects('<a>x]]>y</a>', /"]]>" is not allowed in text/);
    rejects(' <?xml version="1.0"?><a/>', /XML declaration must come first/);
    rejects('<?xml version="2"?><a/>', /malformed XML declaration/);
    rejects('<a>&#0;</a>', /refers to a character XML does not allow/);
    rejects('<1a/>', /expected a name/);
    assert.throws(() => parseXml('<a>\n\n  <b></c></a>'), (error: unknown) => error instanceof XmlError && error.line === 3 && error.column === 6);
  });

  describe('never accepts what a full XML parser (saxes) rejects', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('<', '>', '&', '"', "'", '/', '=', '!', '?', '-', ']]>', '<!--', ':', 'x:', 'xmlns', 'xml:', ' ', '&#1;', '&amp;', '&#x110000;', '<![CDATA[', '\u0000', '\uFFFE') }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('copy' as const), at: fc.nat(), from: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
    );
    type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
    const apply = (text: string, m: Mutation): string => {
      const at = m.at % (text.length + 1);
      if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
      if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.length);
      const from = m.from % (text.length + 1);
      return text.slice(0, at) + text.slice(from, from + m.length) + text.slice(at);
    };

    let saxesWellFormed: ((xml: string) => boolean) | null = null;
    before(async () => {
      // saxes (a devDependency) is the reference parser our strict checker is held to
      const { SaxesParser } = await import('saxes');
      saxesWellFormed = (xml) => {
        try {
          new SaxesParser({ xmlns: true }).write(xml).close();
          return true;
        } catch {
          return false;
        }
      };
    });

    for (const [name, seed, runs] of [['a small sample', SAMPLE, 5000], ['the manifest', MANIFEST, 300]] as const) {
      it(`on random mutations of ${name}`, () => {
        const oracle = saxesWellFormed;
        assert.ok(oracle !== null);
        assert.ok(oracle(seed));
        fc.assert(
          fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
            const xml = mutations.reduce(apply, seed);
            let accepted: boolean;
            try {
              parseXml(xml);
              accepted = true;
            } catch (error) {
              if (!(error instanceof XmlError)) throw error;
              accepted = false;
            }
            if (accepted) assert.ok(oracle(xml), `parseXml accepted what saxes rejects:\n${xml}`);
          }),
          { numRuns: runs },
        );
      });
    }
  });
});
