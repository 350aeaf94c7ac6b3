export default definePageConfig({
  navigationBarTitleText: '入会情况',
  enablePullDownRefresh: true,
})
