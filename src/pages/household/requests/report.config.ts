export default definePageConfig({ navigationBarTitleText: '反映困难' })
