export default definePageConfig({
  navigationBarTitleText: '入会邀请码',
})
