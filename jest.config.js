// One jest run, several projects: each folder of test/ states the environment it needs.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

// jest refuses a root that does not exist; a project whose folders are all absent is left out.
const existing = (roots) => roots.filter((root) => existsSync(join(__dirname, root.replace('<rootDir>/', ''))))
const babel = [
  'babel-jest',
  {
    babelrc: false,
    configFile: false,
    presets: [
      ['@babel/preset-env', { targets: { node: 'current' } }],
      '@babel/preset-typescript',
      ['@babel/preset-react', { runtime: 'automatic' }],
    ],
  },
]
const base = {
  transform: { '^.+\\.[jt]sx?$': babel },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json'],
  // tsconfig.json's path aliases
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/src/shared/$1',
    '^@config/(.*)$': '<rootDir>/config/$1',
    '^@fn/(.*)$': '<rootDir>/cloudfunctions/_shared/$1',
    '^@functions/(.*)$': '<rootDir>/cloudfunctions/$1',
    '^@localcloud/(.*)$': '<rootDir>/localcloud/$1',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
}
const node = (name, roots, extra = {}) => ({
  ...base,
  displayName: name,
  testEnvironment: 'node',
  roots: existing(roots),
  // functions load every catalogue area; outside the page tests, so do the tests (the app's pages register theirs)
  setupFiles: ['<rootDir>/src/shared/i18n/all.ts'],
  ...extra,
})

module.exports = {
  // jest's 5 s default is a timing assertion in disguise: on a busy 2-core machine, with the projects
  // running side by side, a 1.6 s XLSX round trip took longer. Tests that need more set their own.
  testTimeout: 30_000,
  projects: [
    // pure logic beside the code it tests: shared concepts, client services, scripts (domain rules sit with
    // their function under test/functions/<fn>/domain and run in the 'cloud' project's node environment)
    node('unit', ['<rootDir>/test/shared', '<rootDir>/test/services', '<rootDir>/test/scripts']),
    // pages rendered with @testing-library/react; Taro's components and APIs mapped to stand-ins
    {
      ...base,
      displayName: 'pages',
      testEnvironment: 'jsdom',
      roots: existing(['<rootDir>/test/pages']),
      // jest takes the first pattern that matches: styles before the path aliases (`@/pages/…/index.css`)
      moduleNameMapper: {
        '\\.(css|scss)$': '<rootDir>/test/pages/stubs/style.js',
        ...base.moduleNameMapper,
        '^@tarojs/taro$': '<rootDir>/test/pages/stubs/taro.tsx',
        '^@tarojs/components$': '<rootDir>/test/pages/stubs/components.tsx',
      },
    },
    // the local cloud driven by the real wx-server-sdk, and each function: its domain rules and its bundle on it
    node('cloud', ['<rootDir>/test/localcloud', '<rootDir>/test/functions']),
    // the compiled weapp output under miniprogram-simulate
    node('simulate', ['<rootDir>/test/simulate']),
    // the H5 build in Debian's Chromium against the local cloud
    node('e2e', ['<rootDir>/test/e2e']),
  ].filter((project) => project.roots.length > 0),
}
