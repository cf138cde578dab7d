export default definePageConfig({ navigationBarTitleText: '手机绑定' })
