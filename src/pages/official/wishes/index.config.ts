export default definePageConfig({ navigationBarTitleText: '我能帮的心愿' })
