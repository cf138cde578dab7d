/** One choice among a few, as chips: a campaign's kind, a review's outcome. */
import { Text, View } from '@tarojs/components'

export default function Chips<K extends string>({
  chips,
  value,
  onChange,
  testId,
}: {
  chips: readonly { key: K; text: string }[]
  value: K | undefined
  onChange: (k: K) => void
  testId: string
}) {
  return (
    <View className="exchange__chips" role="radiogroup">
      {chips.map((c) => (
        <View
          key={c.key}
          className={`exchange__chip${value === c.key ? ' exchange__chip--on' : ''}`}
          role="radio"
          aria-checked={value === c.key}
          onClick={() => onChange(c.key)}
          data-testid={`${testId}-${c.key}`}
        >
          <Text>{c.text}</Text>
        </View>
      ))}
    </View>
  )
}
