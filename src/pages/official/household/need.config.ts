export default definePageConfig({ navigationBarTitleText: '记下诉求' })
