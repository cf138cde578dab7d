export default definePageConfig({ navigationBarTitleText: '近12个月的变化' })
