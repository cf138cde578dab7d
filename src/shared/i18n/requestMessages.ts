/**
 * The subscription messages about a request (cloudfunctions/requests/domain/messages.ts): what happened,
 * within a template's 20-character field counted in code points (a Tibetan stack is several), so the
 * Tibetan says only what happened and the page it opens says what to do.
 */
export const zh = {
  'requests.message.assigned': '新诉求，请签收办理',
  'requests.message.warn': '即将到期，请抓紧办理',
  'requests.message.escalated': '已超期，上级已督办',
  'requests.message.resolved': '已办结，请回复是否解决',
  'requests.message.other': '其他诉求',
}

export const bo: Record<keyof typeof zh, string> = {
  'requests.message.assigned': 'རེ་འདུན་གསར་པ།',
  'requests.message.warn': 'དུས་བཀག་ཉེ་བ།',
  'requests.message.escalated': 'དུས་བཀག་འགོངས།',
  'requests.message.resolved': 'མཇུག་བསྒྲིལ་ཟིན།',
  'requests.message.other': 'རེ་འདུན་གཞན།',
}
