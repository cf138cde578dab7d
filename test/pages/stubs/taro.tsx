/**
 * A small stand-in for @tarojs/taro in page tests (mapped in jest.config.js): system info and storage
 * a test can set, navigation recorded, `cloud.callFunction` a jest mock each test answers.
 */
type SystemInfo = { language?: string; fontSizeSetting?: number }

export const taroStub = {
  systemInfo: { language: 'zh_CN', fontSizeSetting: 16 } as SystemInfo,
  storage: new Map<string, unknown>(),
  navigations: [] as { kind: 'navigateTo' | 'redirectTo' | 'reLaunch'; url: string }[],
  titles: [] as string[],
  callFunction: jest.fn(),
  setClipboardData: jest.fn((options: { data: string }) =>
    Promise.resolve({ errMsg: 'setClipboardData:ok', ...options }),
  ),
  reset() {
    this.systemInfo = { language: 'zh_CN', fontSizeSetting: 16 }
    this.storage.clear()
    this.navigations = []
    this.titles = []
    this.callFunction = jest.fn()
    this.setClipboardData.mockClear()
  },
}

const navigate = (kind: 'navigateTo' | 'redirectTo' | 'reLaunch') => (options: { url: string }) => {
  taroStub.navigations.push({ kind, url: options.url })
  return Promise.resolve({ errMsg: `${kind}:ok` })
}

const Taro = {
  getSystemInfoSync: () => ({ ...taroStub.systemInfo }),
  getStorageSync: (key: string) => (taroStub.storage.has(key) ? taroStub.storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void taroStub.storage.set(key, value),
  removeStorageSync: (key: string) => void taroStub.storage.delete(key),
  setClipboardData: (options: { data: string }) => taroStub.setClipboardData(options),
  navigateTo: navigate('navigateTo'),
  redirectTo: navigate('redirectTo'),
  reLaunch: navigate('reLaunch'),
  setNavigationBarTitle: (options: { title: string }) => {
    taroStub.titles.push(options.title)
    return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' })
  },
  cloud: {
    init: () => undefined,
    callFunction: (options: { name: string; data: unknown }) => taroStub.callFunction(options),
  },
}

export const useLaunch = () => undefined
export const useDidShow = () => undefined
export default Taro
