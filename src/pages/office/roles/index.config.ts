export default definePageConfig({ navigationBarTitleText: '任命与撤销角色' })
