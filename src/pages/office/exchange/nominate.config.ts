export default definePageConfig({ navigationBarTitleText: '推荐示范家庭或工作室' })
