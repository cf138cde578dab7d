/**
 * Hardship relief requests (困难诉求): why a step on a request is refused, and why the township work
 * office took one (兜底). The screens' own text joins this area with them.
 */
export const zh = {
  'requests.exists': '这条诉求已经提交过了',
  'requests.finished': '这条诉求已经办结、合并或关闭，不能再办理',
  'requests.outOfOrder': '这条诉求刚有新的办理记录，请刷新后再试',
  'requests.wrongState': '诉求当前的状态不允许此操作，请刷新后再试',
  'requests.daysInvalid': '工作日天数不在允许的范围内',
  'requests.notYourUnit': '这条诉求不由本单位办理',
  'requests.noteRequired': '请写明办理情况',
  'requests.reasonRequired': '请填写原因',
  'requests.extendPending': '已有一个延期申请在等待上级审批',
  'requests.extendLate': '办理期限已过，不能再申请延期',
  'requests.extendNone': '没有等待审批的延期申请',
  'requests.notAbove': '延期只能由上一级审批',
  'requests.notAccepted': '请先签收这条诉求，再办结',
  'requests.notResolved': '这条诉求还没有办结，不能回复是否解决',
  'requests.notHousehold': '是否解决只能由提出诉求的家庭回复，或由联谊干部走访时代为回复',
  'requests.mergeTarget': '请选择要合并到的诉求',
  'requests.fallback.other': '诉求类别为“其他”，由乡镇工作办公室兜底办理',
  'requests.fallback.noService': '本地没有部门承接这一类诉求，由乡镇工作办公室兜底办理',
  'requests.fallback.notReached': '承接这一类诉求的部门服务不到本地，由乡镇工作办公室兜底办理',
}

export const bo: Record<keyof typeof zh, string> = {
  'requests.exists': 'རེ་འདུན་འདི་སྔོན་ལ་ཕུལ་ཟིན།',
  'requests.finished': 'རེ་འདུན་འདི་མཇུག་བསྒྲིལ་བའམ་གཅིག་སྒྲིལ་བྱས་པ། ཡང་ན་སྒོ་བརྒྱབ་ཟིན་པས་ད་དུང་སྒྲུབ་མི་ཐུབ།',
  'requests.outOfOrder': 'རེ་འདུན་འདིར་ལས་དོན་ཟིན་ཐོ་གསར་པ་ཞིག་ཡོད། གསར་བཅོས་བྱས་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།',
  'requests.wrongState': 'རེ་འདུན་གྱི་གནས་སྟངས་ད་ལྟ་བྱ་བ་འདི་བྱེད་མི་ཆོག གསར་བཅོས་བྱས་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།',
  'requests.daysInvalid': 'ལས་ཉིན་གྱི་གྲངས་ཆོག་པའི་ཁྱབ་ཁོངས་ནང་དུ་མེད།',
  'requests.notYourUnit': 'རེ་འདུན་འདི་ལས་ཁུངས་འདིས་སྒྲུབ་རྒྱུ་མིན།',
  'requests.noteRequired': 'ལས་དོན་སྒྲུབ་སྟངས་འབྲི་རོགས།',
  'requests.reasonRequired': 'རྒྱུ་མཚན་འབྲི་རོགས།',
  'requests.extendPending': 'དུས་འགྱངས་ཞུ་ཡིག་གཅིག་གོང་རིམ་གྱི་ཆོག་མཆན་སྒུག་བཞིན་ཡོད།',
  'requests.extendLate': 'དུས་བཀག་འགོངས་ཟིན་པས་དུས་འགྱངས་ཞུ་མི་ཆོག',
  'requests.extendNone': 'ཆོག་མཆན་སྒུག་བཞིན་པའི་དུས་འགྱངས་ཞུ་ཡིག་མེད།',
  'requests.notAbove': 'དུས་འགྱངས་ལ་གོང་རིམ་གཅིག་གིས་མ་གཏོགས་ཆོག་མཆན་སྤྲོད་མི་ཆོག',
  'requests.notAccepted': 'སྔོན་ལ་རེ་འདུན་འདི་ངོས་ལེན་བྱས་རྗེས་མཇུག་སྒྲིལ་རོགས།',
  'requests.notResolved': 'རེ་འདུན་འདི་ད་དུང་མཇུག་མ་བསྒྲིལ་བས་དཀའ་ངལ་སེལ་མིན་གྱི་ལན་འདེབས་མི་ཐུབ།',
  'requests.notHousehold': 'དཀའ་ངལ་སེལ་མིན་ནི་རེ་འདུན་ཕུལ་མཁན་གྱི་ཁྱིམ་ཚང་ངམ། མཐུན་འབྲེལ་ལས་བྱེད་པས་བཅར་འདྲིའི་སྐབས་ཚབ་བྱས་ནས་ལན་འདེབས་ཆོག',
  'requests.mergeTarget': 'གཅིག་སྒྲིལ་བྱ་ཡུལ་གྱི་རེ་འདུན་འདེམས་རོགས།',
  'requests.fallback.other': 'རེ་འདུན་གྱི་རིགས་ནི་“གཞན་”ཡིན་པས་ཤང་གི་ལས་ཁང་གིས་མཐའ་མའི་འགན་ཁུར་ནས་སྒྲུབ།',
  'requests.fallback.noService': 'ས་གནས་འདིར་རེ་འདུན་གྱི་རིགས་འདི་ལེན་མཁན་གྱི་ལས་ཁུངས་མེད་པས་ཤང་གི་ལས་ཁང་གིས་མཐའ་མའི་འགན་ཁུར་ནས་སྒྲུབ།',
  'requests.fallback.notReached':
    'རེ་འདུན་གྱི་རིགས་འདི་ལེན་མཁན་གྱི་ལས་ཁུངས་ཀྱི་ཞབས་ཞུ་ས་གནས་འདིར་མི་ཁྱབ་པས་ཤང་གི་ལས་ཁང་གིས་མཐའ་མའི་འགན་ཁུར་ནས་སྒྲུབ།',
}
