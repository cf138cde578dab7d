/**
 * A small stand-in for @tarojs/taro in page tests (mapped in jest.config.js): system info and storage
 * a test can set, navigation recorded, `cloud.callFunction` a jest mock each test answers.
 */
type SystemInfo = { language?: string; fontSizeSetting?: number }

export const taroStub = {
  systemInfo: { language: 'zh_CN', fontSizeSetting: 16 } as SystemInfo,
  storage: new Map<string, unknown>(),
  navigations: [] as { kind: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'navigateBack'; url: string }[],
  titles: [] as string[],
  /** the page's query, as `useRouter().params` gives it */
  params: {} as Record<string, string>,
  /** what the user answers to a confirmation dialog */
  confirm: true,
  callFunction: jest.fn(),
  makePhoneCall: jest.fn((_options: { phoneNumber: string }) => Promise.resolve({ errMsg: 'makePhoneCall:ok' })),
  showToast: jest.fn((_options: { title: string }) => Promise.resolve({ errMsg: 'showToast:ok' })),
  /** the file the user picks from a chat; none when they cancel */
  chatFile: undefined as { path: string; name: string } | undefined,
  uploads: [] as { cloudPath: string; filePath: string }[],
  opened: [] as string[],
  /** the photos opened whole in WeChat's viewer */
  previews: [] as { current: string; urls: string[] }[],
  setClipboardData: jest.fn((options: { data: string }) =>
    Promise.resolve({ errMsg: 'setClipboardData:ok', ...options }),
  ),
  /** what the page registered with usePullDownRefresh and useShareAppMessage (the latest render's) */
  pullDownRefresh: undefined as (() => void) | undefined,
  shareAppMessage: undefined as (() => { title?: string; path?: string }) | undefined,
  stopPullDownRefresh: jest.fn(),
  /** WeChat's one recorder: `stop()` ends a recording of `recordedMs` as `recorded.mp3` */
  recorder: makeRecorder(),
  /** the window (a phone by default; 1280 is PC WeChat's or a desktop browser's) and who follows its resizing */
  window: { windowWidth: 375, pixelRatio: 2 },
  resizeListeners: new Set<(res: { size: { windowWidth: number; windowHeight: number } }) => void>(),
  /** what the canvas 2d nodes drew: a selector query finds a node of this size for any id */
  canvas: makeCanvas(),
  reset() {
    this.systemInfo = { language: 'zh_CN', fontSizeSetting: 16 }
    this.storage.clear()
    this.navigations = []
    this.titles = []
    this.params = {}
    this.chatFile = undefined
    this.uploads = []
    this.opened = []
    this.previews = []
    this.confirm = true
    this.callFunction = jest.fn()
    this.setClipboardData.mockClear()
    this.makePhoneCall.mockClear()
    this.showToast.mockClear()
    this.pullDownRefresh = undefined
    this.shareAppMessage = undefined
    this.stopPullDownRefresh.mockClear()
    this.recorder = makeRecorder()
    this.window = { windowWidth: 375, pixelRatio: 2 }
    this.resizeListeners.clear()
    this.canvas = makeCanvas()
  },
  /** the window dragged to `windowWidth`, as WeChat and the browser tell the page */
  resizeTo(windowWidth: number) {
    this.window = { ...this.window, windowWidth }
    for (const listener of this.resizeListeners) listener({ size: { windowWidth, windowHeight: 800 } })
  },
}

function makeRecorder() {
  const stopped: ((res: { tempFilePath: string; duration: number }) => void)[] = []
  const recorder = {
    recordedMs: 12_000,
    started: [] as { duration?: number; format?: string }[],
    onStop: (fn: (res: { tempFilePath: string; duration: number }) => void) => void stopped.push(fn),
    onError: (_fn: (res: { errMsg: string }) => void) => undefined,
    start: (options: { duration?: number; format?: string }) => void recorder.started.push(options),
    stop: () => {
      if (recorder.started.length === 0) return
      for (const fn of stopped) fn({ tempFilePath: 'wxfile://tmp/recorded.mp3', duration: recorder.recordedMs })
    },
  }
  return recorder
}

/** A canvas node 320 × 260 CSS px whose 2d context records the text drawn and the scale set. */
function makeCanvas() {
  const drawn = { texts: [] as string[], scale: 0, width: 0, height: 0 }
  const pen = new Proxy({ measureText: (text: string) => ({ width: text.length * 8 }) } as Record<string, unknown>, {
    get: (target, key) =>
      key in target
        ? target[key as string]
        : key === 'fillText'
          ? (text: string) => void drawn.texts.push(text)
          : key === 'scale'
            ? (x: number) => void (drawn.scale = x)
            : () => undefined,
    set: (target, key, value) => {
      target[key as string] = value
      return true
    },
  })
  const node = {
    set width(value: number) {
      drawn.width = value
    },
    set height(value: number) {
      drawn.height = value
    },
    getContext: () => pen,
  }
  return { drawn, found: { node, width: 320, height: 260 } }
}

const navigate = (kind: 'navigateTo' | 'redirectTo' | 'reLaunch') => (options: { url: string }) => {
  taroStub.navigations.push({ kind, url: options.url })
  return Promise.resolve({ errMsg: `${kind}:ok` })
}

const Taro = {
  getSystemInfoSync: () => ({ ...taroStub.systemInfo }),
  getWindowInfo: () => ({ ...taroStub.window }),
  onWindowResize: (listener: (res: { size: { windowWidth: number; windowHeight: number } }) => void) =>
    void taroStub.resizeListeners.add(listener),
  offWindowResize: (listener: (res: { size: { windowWidth: number; windowHeight: number } }) => void) =>
    void taroStub.resizeListeners.delete(listener),
  nextTick: (fn: () => void) => void Promise.resolve().then(fn),
  createSelectorQuery: () => {
    const query = {
      select: () => query,
      fields: () => query,
      exec: (done: (res: unknown[]) => void) => done([taroStub.canvas.found]),
    }
    return query
  },
  getStorageSync: (key: string) => (taroStub.storage.has(key) ? taroStub.storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void taroStub.storage.set(key, value),
  removeStorageSync: (key: string) => void taroStub.storage.delete(key),
  setClipboardData: (options: { data: string }) => taroStub.setClipboardData(options),
  previewImage: (options: { current: string; urls: string[] }) => {
    taroStub.previews.push(options)
    return Promise.resolve({ errMsg: 'previewImage:ok' })
  },
  navigateTo: navigate('navigateTo'),
  redirectTo: navigate('redirectTo'),
  reLaunch: navigate('reLaunch'),
  navigateBack: () => {
    taroStub.navigations.push({ kind: 'navigateBack', url: '' })
    return Promise.resolve({ errMsg: 'navigateBack:ok' })
  },
  makePhoneCall: (options: { phoneNumber: string }) => taroStub.makePhoneCall(options),
  getRecorderManager: () => taroStub.recorder,
  stopPullDownRefresh: () => taroStub.stopPullDownRefresh(),
  showToast: (options: { title: string }) => taroStub.showToast(options),
  showModal: (_options: { content: string }) =>
    Promise.resolve({ confirm: taroStub.confirm, cancel: !taroStub.confirm, errMsg: 'showModal:ok' }),
  setNavigationBarTitle: (options: { title: string }) => {
    taroStub.titles.push(options.title)
    return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' })
  },
  chooseMessageFile: () =>
    taroStub.chatFile
      ? Promise.resolve({ tempFiles: [{ ...taroStub.chatFile, size: 2048, type: 'file', time: 0 }] })
      : Promise.reject({ errMsg: 'chooseMessageFile:fail cancel' }),
  downloadFile: (options: { url: string }) =>
    Promise.resolve({ tempFilePath: `wxfile://tmp/${options.url.split('/').pop()}`, statusCode: 200 }),
  openDocument: (options: { filePath: string }) => {
    taroStub.opened.push(options.filePath)
    return Promise.resolve({ errMsg: 'openDocument:ok' })
  },
  cloud: {
    init: () => undefined,
    uploadFile: (options: { cloudPath: string; filePath: string }) => {
      taroStub.uploads.push(options)
      return Promise.resolve({ fileID: `cloud://shiliuzi-test/${options.cloudPath}`, statusCode: 200 })
    },
    callFunction: (options: { name: string; data: unknown }) => taroStub.callFunction(options),
  },
}

export const useLaunch = () => undefined
export const useDidShow = () => undefined
export const useShareAppMessage = (handler: () => { title?: string; path?: string }) => {
  taroStub.shareAppMessage = handler
}
export const usePullDownRefresh = (handler: () => void) => {
  taroStub.pullDownRefresh = handler
}
export const useRouter = () => ({ params: taroStub.params })
Object.assign(Taro, { useDidShow, useRouter })
export default Taro
