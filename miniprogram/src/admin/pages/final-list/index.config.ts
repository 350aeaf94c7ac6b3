export default definePageConfig({
  navigationBarTitleText: '表彰名单',
})
