/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** the platform being built; replaced at build time, so always write `process.env.TARO_ENV` in full */
    TARO_ENV: 'weapp' | 'h5' | undefined
    TARO_APP_ID?: string
  }
}

/** H5 only: the local cloud's gateway baked in at build time (config/index.ts); '' means same origin. */
declare const CLOUD_GATEWAY: string
/** weapp: the WeChat Cloud environment id, from config/cloud.ts (set by config/index.ts). */
declare const CLOUD_ENV: string
