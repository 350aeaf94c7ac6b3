export default definePageConfig({
  navigationBarTitleText: '未送达通知',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
