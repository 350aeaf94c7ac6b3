export default definePageConfig({
  navigationBarTitleText: '收回证书和奖牌',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
