/**
 * Taro's build configuration (the cloud's declaration is config/cloud.ts, a different thing).
 *
 * One source, two targets: `taro build --type weapp` writes dist/weapp (where project.config.json's
 * miniprogramRoot points, for WeChat DevTools) and `--type h5` writes dist/h5 (served by the local cloud).
 * Each build empties its own outputRoot, so the two folders must differ.
 *
 * `TARO_SOURCE_ROOT` / `TARO_OUTPUT_ROOT` let scripts/size-check.ts build the bare-app fixture with
 * exactly these settings, so the size baseline is "a bare Taro app built the same way".
 */
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { cloud } from './cloud'
import devConfig from './dev'
import prodConfig from './prod'

export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'
  const sourceRoot = process.env.TARO_SOURCE_ROOT || 'src'
  const outputRoot = process.env.TARO_OUTPUT_ROOT || `dist/${platform}`
  // Taro compiles only src/ (and Taro's own packages). Pure domain rules under cloudfunctions/<fn>/domain/
  // may be shared with the client (e.g. catalogue messages, ID-number checks), so they are compiled too;
  // function entries and anything touching wx-server-sdk stay out of the app (they fail to parse here).
  // Whatever src/ imports from there counts against the weapp package size (npm run size).
  const compile = { include: [(file: string) => /[\\/]cloudfunctions[\\/][^\\/]+[\\/]domain[\\/]/.test(file)] }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'shiliuzi',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot,
    outputRoot,
    // the same aliases as tsconfig.json's `paths` (esbuild, tsx and tsc read those; jest maps them too)
    alias: {
      '@shared': path.resolve(__dirname, '..', 'src', 'shared'),
      '@config': path.resolve(__dirname),
      '@': path.resolve(__dirname, '..', 'src'),
    },
    plugins: [],
    defineConstants: {
      // The H5 build's default gateway. Empty means "same origin": npm start serves dist/h5 from the
      // local cloud's own port. A `?cloud=` query at runtime overrides both.
      CLOUD_GATEWAY: JSON.stringify(process.env.SHILIUZI_CLOUD_URL ?? ''),
      // weapp: Taro.cloud.init's environment, from the one cloud declaration
      CLOUD_ENV: JSON.stringify(cloud.envId),
    },
    copy: { patterns: [], options: {} },
    // Taro's default minifier output escapes every non-ASCII character (`\uXXXX`, 6 bytes): the Tibetan
    // and Chinese catalogues cost twice their UTF-8 size. Mini-program and browser both read UTF-8 sources.
    terser: { enable: true, config: { output: { ascii_only: false } } },
    framework: 'react',
    compiler: 'webpack5',
    // Webpack's persistent cache (node_modules/.cache): repeat builds drop from ≈ 9 s to ≈ 4 s (weapp).
    // Named per source and platform so the bare-app baseline never reuses the app's cache.
    cache: { enable: true, name: `${sourceRoot.replace(/\W+/g, '-')}-${platform}-${process.env.NODE_ENV}` },
    mini: {
      compile,
      // Class names never collide across components, so the order of CSS chunks does not matter; without
      // this, pages importing shared components in different orders warn on every build.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      // Taro splits H5 chunks 'initial' only, so every lazily loaded page carried its own copy of the
      // shared code (catalogues, schemas, services): ≈ 140 KB per page. 'all' shares it between pages.
      webpackChain(chain) {
        chain.optimization.set('splitChunks', { ...chain.optimization.get('splitChunks'), chunks: 'all' })
      },
      compile,
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        // Taro's H5 sets the root font size from the narrower side of the window, up to 40 px: a desktop
        // browser drew every screen at twice a phone's size. Capped at 1.2 × a phone's (20 px at 375 px), a
        // PC shows the office's tables wide rather than huge.
        pxtransform: { enable: true, config: { maxRootSize: 24 } },
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
