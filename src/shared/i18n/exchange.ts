/**
 * Embedded exchange (互嵌式交流): the yearly selection of model families and excellent studios — campaigns,
 * nominations, reviews, the 公示 and its objections, the named list — and why a step in it is refused.
 * Terms: 示范家庭 ཚད་ལྡན་ཁྱིམ་ཚང, 优秀工作室 ཕུལ་བྱུང་སེ་འབྲུའི་ལས་ཁང, 公示 ཁྱབ་བསྒྲགས (as in risk.ts, medium),
 * 异议 དོགས་གཞི, 推荐 འོས་སྦྱོར, 评审 ཞིབ་དཔྱད (medium: to be confirmed by a native reader).
 */
export const zh = {
  'exchange.title': '示范家庭和优秀工作室评选',
  'exchange.kind.family': '民族团结进步示范家庭',
  'exchange.kind.studio': '优秀石榴籽工作室',
  'exchange.named': '示范家庭和优秀工作室名单',
  'exchange.status.active': '有效',
  'exchange.status.revoked': '已撤销',
  'exchange.datesPast': '推荐截止日期已经过去，请重新选择',
  'exchange.datesOrder': '各环节的截止日期要依次排列，公示在州级决定之后开始，至少 5 天',
}

export const bo: Record<keyof typeof zh, string> = {
  'exchange.title': 'ཚད་ལྡན་ཁྱིམ་ཚང་དང་ཕུལ་བྱུང་སེ་འབྲུའི་ལས་ཁང་འདེམས་སྒྲུག',
  'exchange.kind.family': 'མི་རིགས་མཐུན་སྒྲིལ་ཡར་ཐོན་གྱི་ཚད་ལྡན་ཁྱིམ་ཚང',
  'exchange.kind.studio': 'ཕུལ་བྱུང་སེ་འབྲུའི་ལས་ཁང',
  'exchange.named': 'ཚད་ལྡན་ཁྱིམ་ཚང་དང་ཕུལ་བྱུང་སེ་འབྲུའི་ལས་ཁང་གི་མིང་ཐོ།',
  'exchange.status.active': 'ནུས་ལྡན།',
  'exchange.status.revoked': 'ཕྱིར་བསྡུས་ཟིན།',
  'exchange.datesPast': 'འོས་སྦྱོར་གྱི་མཇུག་སྡོམ་ཚེས་གྲངས་འདས་ཟིན་པས་ཡང་བསྐྱར་འདེམས་རོགས།',
  'exchange.datesOrder':
    'རིམ་པ་སོ་སོའི་མཇུག་སྡོམ་ཚེས་གྲངས་གོ་རིམ་ལྟར་སྒྲིག་དགོས། ཁྱབ་བསྒྲགས་ནི་ཁུལ་གྱི་ཐག་གཅོད་རྗེས་སུ་འགོ་འཛུགས་ཤིང་ཉིན་ 5 ལས་མི་ཉུང་བ་དགོས།',
}
