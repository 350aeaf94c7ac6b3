export default definePageConfig({
  navigationBarTitleText: '收回证书任务',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
