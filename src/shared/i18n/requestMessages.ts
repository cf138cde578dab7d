/**
 * The subscription messages about a request (cloudfunctions/requests/domain/messages.ts): what happened,
 * short enough for a template's 20-character field.
 */
export const zh = {
  'requests.message.assigned': '新诉求，请签收办理',
  'requests.message.warn': '即将到期，请抓紧办理',
  'requests.message.escalated': '已超期，上级已督办',
  'requests.message.resolved': '已办结，请回复是否解决',
  'requests.message.other': '其他诉求',
}

export const bo: Record<keyof typeof zh, string> = {
  'requests.message.assigned': 'རེ་འདུན་གསར་པ། ངོས་ལེན་གནང་རོགས།',
  'requests.message.warn': 'དུས་བཀག་ཉེ། མྱུར་དུ་སྒྲུབ་རོགས།',
  'requests.message.escalated': 'དུས་བཀག་འགོངས། གོང་རིམ་གྱིས་ལྟ་རྟོག་བྱེད།',
  'requests.message.resolved': 'མཇུག་བསྒྲིལ་ཟིན། སེལ་མིན་ལན་འདེབས་རོགས།',
  'requests.message.other': 'རེ་འདུན་གཞན།',
}
