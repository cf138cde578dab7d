/**
 * The rates of hardship relief requests (诉求三率) by region and unit: what offices are judged on. Requests
 * are རེ་འདུན, departments ལས་ཁུངས, work offices ལས་ཁང (glossary.ts); "solved" is the household's own word
 * (དཀའ་ངལ་སེལ་ཟིན, as the inbox says it).
 */
export const zh = {
  'rates.title': '诉求办理三率',
  'rates.legend': '响应率：签收数÷派单数；解决率：群众确认解决数÷群众答复数；满意率：满意数÷评价数。',
  'rates.collected': '收到',
  'rates.assigned': '派单',
  'rates.solved': '已解决',
  'rates.solvedOnTime': '按期解决',
  'rates.response': '响应率',
  'rates.solution': '解决率',
  'rates.satisfaction': '满意率',
  'rates.name': '名称',
  'rates.byRegion': '下一级',
  'rates.byUnit': '本级承办单位',
  'rates.units': '本部门各承办点',
  'rates.office': '{place}工作办公室',
  'rates.noUnits': '本级还没有承办过诉求的单位',
  'rates.sorted': '按{column}排序',
}

export const bo: Record<keyof typeof zh, string> = {
  'rates.title': 'རེ་འདུན་སྒྲུབ་པའི་བརྒྱ་ཆ་གསུམ།',
  'rates.legend':
    'ལན་འདེབས་བརྒྱ་ཆ། ངོས་ལེན་གྲངས་ ÷ བགོ་འགྲེམ་གྲངས། སེལ་ཐུབ་བརྒྱ་ཆ། དཀའ་ངལ་སེལ་ཟིན་པར་ཁྱིམ་ཚང་གིས་ཁས་ལེན་གྲངས་ ÷ ཁྱིམ་ཚང་གི་ལན་གྲངས། ཡིད་ཚིམ་བརྒྱ་ཆ། ཡིད་ཚིམ་གྲངས་ ÷ དཔྱད་བརྗོད་གྲངས།',
  'rates.collected': 'འབྱོར་བ།',
  'rates.assigned': 'བགོ་འགྲེམ།',
  'rates.solved': 'དཀའ་ངལ་སེལ་ཟིན།',
  'rates.solvedOnTime': 'དུས་ཐོག་སེལ་ཟིན།',
  'rates.response': 'ལན་འདེབས་བརྒྱ་ཆ།',
  'rates.solution': 'སེལ་ཐུབ་བརྒྱ་ཆ།',
  'rates.satisfaction': 'ཡིད་ཚིམ་བརྒྱ་ཆ།',
  'rates.name': 'མིང་།',
  'rates.byRegion': 'རིམ་པ་འོག་མ།',
  'rates.byUnit': 'རིམ་པ་འདིའི་སྒྲུབ་མཁན་ལས་ཁུངས།',
  'rates.units': 'ལས་ཁུངས་འདིའི་སྒྲུབ་ས་ཁག',
  'rates.office': '{place}ལས་ཁང་།',
  'rates.noUnits': 'རིམ་པ་འདིར་རེ་འདུན་སྒྲུབ་མྱོང་བའི་ལས་ཁུངས་མེད།',
  'rates.sorted': '{column}ལྟར་གོ་རིམ་སྒྲིག',
}
