/**
 * The programme's terms in both languages: one Tibetan rendering per concept. Every catalogue in this
 * folder, the demo content and the dataset generator's Tibetan use these; test/unit/glossary.test.ts
 * fails when a catalogue entry whose Chinese uses a term is written without its Tibetan rendering, or
 * when any text uses one of the wrong variants listed here.
 *
 * Terms marked "(medium)" follow a non-native review and should be confirmed by a Dege (Kham) reader
 * before release. New Tibetan text is written with this file open.
 *
 * Numerals: Tibetan text in the interface writes numbers in Arabic digits. Numbers that reach a screen
 * at run time (counts, dates, codes) are Arabic, the invitation code, phone and ID numbers are typed on
 * an Arabic keypad, and a screen that says "༨" beside an input showing "1234 5678" mixes two systems
 * for one number; so fixed text uses Arabic digits too (the test rejects ༠–༩ in the catalogues and the
 * demo notices).
 */

export interface Term {
  /** the Chinese term(s) that name the concept in the Chinese catalogue */
  zh: readonly string[]
  /** the one Tibetan rendering to use */
  bo: string
  /** for a verb: the stem that every conjugated form contains (what the test looks for) */
  stem?: string
  /** renderings found that must not be used; each is a whole multi-syllable form, matched on syllable
   * boundaries, so a right word that merely contains the same syllables is not flagged */
  wrong?: readonly string[]
  /** forms wrong only as a whole label, because they are part of the right term elsewhere */
  wrongLabels?: readonly string[]
  /** phrases in which a wrong form's syllables are right and not this concept */
  notWrongIn?: readonly string[]
}

export const glossary = {
  /** Kept as the brand name (the pomegranate seed); no official Tibetan name of the programme is known. */
  programme: { zh: ['石榴籽'], bo: 'སེ་འབྲུ' },

  /** 联谊干部. འབྲེལ་མཐུད is the verb "bind" (see `bind`), so it must not name the official. */
  pairedOfficial: { zh: ['联谊干部'], bo: 'མཐུན་འབྲེལ་ལས་བྱེད་པ', wrong: ['འབྲེལ་མཐུད་ལས་བྱེད་པ'] },

  /** 结对 (medium). མཐུན་སྒྲིལ is "unity" (民族团结 in the tagline) and stays right there; only the
   * "unity household" reading of 结对家庭 is wrong. ཆ་འགྲིག was a typo for ཆ་སྒྲིག. */
  pairing: {
    zh: ['结对'],
    bo: 'ཟུང་སྒྲིག',
    wrong: ['ཆ་སྒྲིག', 'མཐུན་སྒྲིལ་ཁྱིམ་ཚང', 'ཆ་འགྲིག་ཁྱིམ་ཚང'],
    /** the tagline's "ethnic unity | into the household" */
    notWrongIn: ['མི་རིགས་མཐུན་སྒྲིལ'],
  },

  /** 绑定: linking a WeChat account to a household or an official. */
  bind: { zh: ['绑定'], bo: 'འབྲེལ་མཐུད' },

  /** 微信. WeChat has no Tibetan interface: where the user must find a WeChat button, the text also
   * names it as WeChat shows it (“添加朋友”), beside the Tibetan. */
  wechat: { zh: ['微信'], bo: 'སྐད་འཕྲིན', wrong: ['ཝེ་ཆིན', 'འཕྲིན་ཕྲན', 'WeChat'] },

  /** 走访 a visit to the household. བལྟ་སྐོར is sightseeing. */
  visit: { zh: ['走访'], bo: 'བཅར་འདྲི', wrong: ['བལྟ་སྐོར'] },

  /** 身份, what a user enters the app as. ཐོབ་ཐང also reads "rights, entitlements"; kept because it is
   * the word of the ID card (ཐོབ་ཐང་ལག་ཁྱེར), but a native reader should confirm it on the first screen. */
  identity: { zh: ['身份'], bo: 'ཐོབ་ཐང' },

  /** 角色, a role granted for a region (household, paired official, office, reviewer …) (medium).
   * Decision: གོ་གནས "standing, capacity", so that འགན་འཁྲི is left to duty alone; ལས་གནས is a post
   * (职务, the roster's job title) and is not used for it either. */
  role: { zh: ['角色'], bo: 'གོ་གནས' },

  /** 职责, what a holder of a role answers for. */
  duty: { zh: ['职责'], bo: 'འགན་འཁྲི' },

  /** 部门 and 单位, one concept here (an official's `departmentId`) (medium). Decision: ལས་ཁུངས, the
   * usual word for a government body and already the roster's and the import messages' word; ལས་སྡེ,
   * found once for the role, is dropped. */
  department: {
    zh: ['部门', '单位'],
    bo: 'ལས་ཁུངས',
    wrong: ['ལས་སྡེ'],
    /** "from Dege", "from Derong": the particle ལས before a county name */
    notWrongIn: ['སྡེ་དགེ', 'སྡེ་རོང'],
  },

  /** 工作办公室 / 办公室, the office that runs the programme for a region. */
  office: { zh: ['办公室'], bo: 'ལས་ཁང' },

  /** 工作室, the network's village studio. Decision: it keeps ལས་ཁང but always with the programme's
   * name, as the dataset's studio names already do, so a bare ལས་ཁང is only ever the office. */
  studio: { zh: ['工作室'], bo: 'སེ་འབྲུའི་ལས་ཁང' },

  /** 审核人. ཞིབ་བཤེར་བ reads as "inspection". (low-medium) */
  reviewer: { zh: ['审核人'], bo: 'ཞིབ་བཤེར་བྱེད་མཁན', wrong: ['ཞིབ་བཤེར་བ'] },

  /** 返贫风险 (medium). */
  povertyReturnRisk: {
    zh: ['返贫风险'],
    bo: 'དབུལ་པོར་ཕྱིར་ལོག་པའི་ཉེན་ཁ',
    wrong: ['དབུལ་པོར་ཕྱིར་ལོག་གི་ཉེན་ཁ'],
  },

  /** 高风险. Decision: ཉེན་ཁ་མཐོ, risk as a level on the scale (ཉེན་ཁའི་རིམ་པ) none / watch / high, the
   * word the roster importer accepts in the risk column (མཐོ) and the usual rendering of 高风险 in
   * official Tibetan; ཉེན་ཁ་ཆེ ("great danger") is dropped. */
  highRisk: { zh: ['高风险'], bo: 'ཉེན་ཁ་མཐོ', wrong: ['ཉེན་ཁ་ཆེ'] },

  /** 加载更多. Decision: "more" + "load", with ནང་འཇུག as in 正在加载 (common.loading). The shorter
   * forms found are parts of it, so they are wrong only as a whole label. */
  loadMore: { zh: ['加载更多'], bo: 'དེ་བས་མང་བ་ནང་འཇུག', wrongLabels: ['དེ་བས་མང་བ', 'མང་བ་ནང་འཇུག'] },

  /** 取消 a dialog's cancel. Decision: ཕྱིར་འཐེན, the Cancel of Tibetan (bo_CN) system software, leaving
   * མཚམས་འཇོག to pause alone. */
  cancel: { zh: ['取消'], bo: 'ཕྱིར་འཐེན' },

  /** 暂停 pausing the audio. */
  pause: { zh: ['暂停'], bo: 'མཚམས་འཇོག' },

  /** 撤销 a role, 撤回 a notice: taking back what was given. Decision: ཕྱིར་བསྡུ for both, since
   * ཕྱིར་འཐེན is now cancel. */
  takeBack: { zh: ['撤销', '撤回'], bo: 'ཕྱིར་བསྡུ་བ', stem: 'ཕྱིར་བསྡུ' },

  /** 播放 playing the audio. Decision: གཏོང་བ is play (the media word, and what the audio button says);
   * sending is སྐུར (below). Fixed compounds keep གཏོང: ཁ་པར་གཏོང་བ "to call", བསྐྱར་གཏོང "forward". */
  play: { zh: ['播放'], bo: 'གཏོང་བ', stem: 'གཏོང' },

  /** 发送 sending a record, a reminder, a notice to its readers. Decision: སྐུར་བ, as the contact outbox
   * already says; the forms of གཏོང used for sending are wrong. */
  send: {
    zh: ['发送'],
    bo: 'སྐུར་བ',
    stem: 'སྐུར',
    wrong: ['གཏོང་ཡུལ', 'གཏོང་བཞིན་པ', 'གཏོང་རྒྱུ', 'བཏང་ཚར', 'བཏང་ཟིན', 'བཏང་བ'],
  },
} as const satisfies Record<string, Term>

export type Concept = keyof typeof glossary
