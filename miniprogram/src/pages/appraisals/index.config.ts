export default definePageConfig({
  navigationBarTitleText: '我的评议',
  enablePullDownRefresh: true,
})
