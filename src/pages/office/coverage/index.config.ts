export default definePageConfig({ navigationBarTitleText: '结对覆盖情况' })
