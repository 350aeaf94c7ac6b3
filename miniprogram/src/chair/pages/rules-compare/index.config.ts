export default definePageConfig({
  navigationBarTitleText: '本地办法与全国办法对照',
})
