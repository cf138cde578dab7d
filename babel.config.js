// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// Jest does not read this file (jest.config.js passes its own presets with configFile: false).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
