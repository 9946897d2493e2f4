import { Text, View } from '@tarojs/components';
import { DetailImage, parseImageLine } from '../../../components/RichDetail/DetailImage';

/** The markdown description as plain blocks: paragraphs, "- " bullets, **bold** shown as emphasis, ![pictures](…) on their own line. */
export function Description({ text }: { text: string }) {
  const lines = text.split('\n').map((line) => line.trim());
  return (
    <View className='description'>
      {lines.map((line, i) => {
        if (!line) return <View key={i} className='description__gap' />;
        const image = parseImageLine(line);
        if (image) return <DetailImage key={i} url={image.url} />;
        const isBullet = line.startsWith('- ');
        const content = (isBullet ? line.slice(2) : line).split(/\*\*(.+?)\*\*/g);
        return (
          <View key={i} className={isBullet ? 'description__bullet' : 'description__para'}>
            {isBullet ? <Text className='description__dot'>•</Text> : null}
            <Text>
              {content.map((part, j) =>
                j % 2 === 1 ? (
                  <Text key={j} className='description__strong'>
                    {part}
                  </Text>
                ) : (
                  part
                ),
              )}
            </Text>
          </View>
        );
      })}
    </View>
  );
}
