/** weapp: download the temporary URL and open it in WeChat's document viewer (xlsx is supported). */
import Taro from '@tarojs/taro'

export async function openFile(url: string): Promise<void> {
  const res = await Taro.downloadFile({ url })
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true })
}
