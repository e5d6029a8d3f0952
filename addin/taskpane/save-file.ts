/**
 * Offers text to the user as a downloaded file: a Blob behind an object URL, clicked through a
 * temporary `<a download>`. The pane fetches the content itself because its calls carry a bearer
 * token; a plain link to the API would be opened without the Authorization header and be refused.
 * Whether every Outlook client saves downloads from the task pane (classic Outlook's WebView2, the
 * Mac's WKWebView) is not covered by our references [verify on a real client]; Outlook on the web does.
 */
export function saveTextFile(fileName: string, text: string, type: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // why: revoked on the next task, after the browser has started reading the Blob for the download
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
