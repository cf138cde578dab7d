export default definePageConfig({ navigationBarTitleText: '示范家庭和优秀工作室名单' })
