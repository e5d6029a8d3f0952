/**
 * The FunctionName values of the manifest's LaunchEvent elements; each must equal the name the entry
 * registers with Office.actions.associate (microsoft.md §1.6, §2.3).
 */
export const ON_MESSAGE_RECIPIENTS_CHANGED = 'onMessageRecipientsChangedHandler';
export const ON_MESSAGE_SEND = 'onMessageSendHandler';
