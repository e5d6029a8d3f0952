/**
 * Entry of the event-based bundle (webpack → launchevent.js, loaded by commands.html on the web, new
 * Outlook and Mac, and directly by classic Outlook's JavaScript-only runtime, which allows no module
 * imports — hence one bundle). Registers the handlers at load: Office.onReady does not run before
 * them in that runtime (microsoft.md §1.6).
 */
import { associateHandler, mailboxUserEmail, officeLaunchEventHost, officeRuntimeToken } from '../office/launch-event-host.js';
import { backendOrigin } from './backend-origin.js';
import { CHECK_TIMEOUT_MS } from './deadline.js';
import { ON_MESSAGE_RECIPIENTS_CHANGED, ON_MESSAGE_SEND } from './handler-names.js';
import { eventTokenProvider } from './event-token-provider.js';
import { createLaunchEventHandlers } from './handlers.js';

/** manifest.xml's 16px icon resid: InformationalMessage notifications must name one. */
const INFO_ICON = 'Icon.16x16';

const origin = backendOrigin();
// why: `fetch` is looked up per call, so a runtime without it fails the check, not the bundle's load
const fetchPerCall: typeof fetch = (url, init) => fetch(url, init);

const handlers = createLaunchEventHandlers({
  host: () => officeLaunchEventHost({ infoIcon: INFO_ICON }),
  origin,
  fetch: fetchPerCall,
  tokens: origin === null ? null : eventTokenProvider({ origin, fetch: fetchPerCall, userEmail: mailboxUserEmail, entraToken: officeRuntimeToken }),
  timeoutMs: CHECK_TIMEOUT_MS,
});

associateHandler(ON_MESSAGE_RECIPIENTS_CHANGED, handlers.onMessageRecipientsChangedHandler);
associateHandler(ON_MESSAGE_SEND, handlers.onMessageSendHandler);
