/**
 * Entry of the event-based bundle (webpack → launchevent.js, loaded by commands.html on the web, new
 * Outlook and Mac, and directly by classic Outlook's JavaScript-only runtime, which allows no module
 * imports — hence one bundle). Registers the handlers at load: Office.onReady does not run before
 * them in that runtime (microsoft.md §1.6).
 */
import { associateHandler, officeLaunchEventHost } from '../office/launch-event-host.js';
import { backendOrigin } from './backend-origin.js';
import { CHECK_TIMEOUT_MS } from './deadline.js';
import { ON_MESSAGE_RECIPIENTS_CHANGED, ON_MESSAGE_SEND } from './handler-names.js';
import { createLaunchEventHandlers } from './handlers.js';

/** manifest.xml's 16px icon resid: InformationalMessage notifications must name one. */
const INFO_ICON = 'Icon.16x16';

const handlers = createLaunchEventHandlers({
  host: () => officeLaunchEventHost({ infoIcon: INFO_ICON }),
  origin: backendOrigin(),
  // why: `fetch` is looked up per call, so a runtime without it fails the check, not the bundle's load
  fetch: (url, init) => fetch(url, init),
  // why null: addin/auth/ owns sign-in; its TokenProvider fits this slot once it is wired for the event
  // runtime. Until then /api answers 401 and the handlers let mail through with a note saying so.
  tokens: null,
  timeoutMs: CHECK_TIMEOUT_MS,
});

associateHandler(ON_MESSAGE_RECIPIENTS_CHANGED, handlers.onMessageRecipientsChangedHandler);
associateHandler(ON_MESSAGE_SEND, handlers.onMessageSendHandler);
