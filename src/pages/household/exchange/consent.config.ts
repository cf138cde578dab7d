export default definePageConfig({ navigationBarTitleText: '推荐您家为示范家庭' })
