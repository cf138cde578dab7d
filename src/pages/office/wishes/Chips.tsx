/** One choice among a few, as chips: the wishes screens' state filter, donor and donor kind. */
import { Text, View } from '@tarojs/components'

export interface Chip<K extends string> {
  key: K
  text: string
}

export default function Chips<K extends string>({
  chips,
  value,
  onChange,
  testId,
}: {
  chips: readonly Chip<K>[]
  value: K | undefined
  onChange: (k: K) => void
  testId: string
}) {
  return (
    <View className="wishes__chips">
      {chips.map((c) => (
        <Text
          key={c.key}
          className={`wishes__chip${value === c.key ? ' wishes__chip--on' : ''}`}
          data-on={value === c.key ? 'true' : undefined}
          onClick={() => onChange(c.key)}
          data-testid={`${testId}-${c.key}`}
        >
          {c.text}
        </Text>
      ))}
    </View>
  )
}
