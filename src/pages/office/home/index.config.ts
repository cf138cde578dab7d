export default definePageConfig({ navigationBarTitleText: '办公室工作台' })
