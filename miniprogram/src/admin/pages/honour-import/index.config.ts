export default definePageConfig({
  navigationBarTitleText: '补录历史荣誉档案',
})
