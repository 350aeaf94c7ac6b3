export default definePageConfig({
  navigationBarTitleText: '身份查看审批',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
