/**
 * Links that open DingTalk from Outlook. There is no documented URL that opens a 1:1 chat by
 * DingTalk userid from a desktop (dingtalk.md §8.1: `dd.openChatByUserId` is in-client JSAPI only,
 * `dingtalk://…sendmsg` needs the public DingTalk ID we do not have). What exists:
 * - the AppLink profile page by phone number, which mobile DingTalk (≥ 6.5.45) opens and from
 *   which a chat or call starts;
 * - the AppLink people picker with "send message" (`open_user_select`), which desktop DingTalk
 *   (≥ 6.5.50) opens; the user then picks the person.
 * So: the profile link when the card has a mobile number, else the picker; the UI says which.
 */

const APPLINK = 'https://applink.dingtalk.com/page';

export interface DingTalkLink {
  href: string;
  /** 'profile' opens on phones, 'picker' on desktop DingTalk */
  kind: 'profile' | 'picker';
}

export function dingTalkChatLink(person: { mobile?: string | undefined }, pickerCaption: string): DingTalkLink {
  if (person.mobile !== undefined && person.mobile !== '') {
    return { href: `${APPLINK}/profile?phone=${encodeURIComponent(person.mobile)}`, kind: 'profile' };
  }
  // why: the documented example spells the key `sengMsgScene` (dingtalk.md §8.1); which spelling the
  // client reads is unverified, so both are sent (unknown keys are ignored)
  const urlParam = JSON.stringify({ sendMsgScene: true, sengMsgScene: true });
  return {
    href: `${APPLINK}/open_user_select?wnd_caption=${encodeURIComponent(pickerCaption)}&url_param=${encodeURIComponent(urlParam)}`,
    kind: 'picker',
  };
}
