export default definePageConfig({
  navigationBarTitleText: '公示对象与举报',
})
