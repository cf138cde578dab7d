import Taro from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import './app.css'

// Taro.cloud exists only in the mini-program; the H5 build talks to the local cloud over HTTP
// (services/transport.h5.ts). The dead branch is removed at build time.
if (process.env.TARO_ENV === 'weapp') {
  Taro.cloud.init({ env: CLOUD_ENV, traceUser: true })
}

export default function App({ children }: PropsWithChildren) {
  return children
}
