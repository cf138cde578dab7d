export default definePageConfig({ navigationBarTitleText: '捐赠方' })
