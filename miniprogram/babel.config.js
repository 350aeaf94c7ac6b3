// Lives inside miniprogram/ so that the root jest (ts-jest) never picks it up.
// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
