/**
 * Recordings of opened notices, kept on the phone for listening without signal (mini-program): downloaded
 * and saved as user files under `notice-audio/`, which persist until the app removes them.
 * (recordings.h5.ts does the same in the browser's Cache Storage.)
 */
import Taro from '@tarojs/taro'

const DIR = 'notice-audio'

/** Downloads a recording and saves it; answers the saved file and its size. */
export async function keepRecording(url: string, name: string): Promise<{ ref: string; bytes: number }> {
  const fs = Taro.getFileSystemManager()
  const dir = `${Taro.env.USER_DATA_PATH}/${DIR}`
  try {
    fs.accessSync(dir)
  } catch {
    fs.mkdirSync(dir, true)
  }
  const download = await Taro.downloadFile({ url })
  if (download.statusCode !== 200) throw new Error(`recording download answered HTTP ${download.statusCode}`)
  const filePath = `${dir}/${name}`
  await new Promise<void>((resolve, reject) =>
    fs.saveFile({ tempFilePath: download.tempFilePath, filePath, success: () => resolve(), fail: reject }),
  )
  const bytes = fs.statSync(filePath).size as number
  return { ref: filePath, bytes }
}

/** What the player can play for a kept recording. */
export async function playableRecording(ref: string): Promise<string | undefined> {
  try {
    Taro.getFileSystemManager().accessSync(ref)
    return ref
  } catch {
    return undefined
  }
}

export function dropRecording(ref: string): void {
  try {
    Taro.getFileSystemManager().unlinkSync(ref)
  } catch {
    // already gone
  }
}
