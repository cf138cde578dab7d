export default definePageConfig({ navigationBarTitleText: '代家庭提出诉求' })
