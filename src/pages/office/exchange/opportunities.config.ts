export default definePageConfig({ navigationBarTitleText: '外出就业和升学机会' })
