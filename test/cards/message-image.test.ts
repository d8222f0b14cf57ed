import { describe, expect, it } from 'vitest';
import { renderMessageAdaptive } from '../../src/cards/adaptive/render-message-adaptive.js';
import { renderMessageBlocks } from '../../src/cards/slack/render-message-blocks.js';
import { aMessageView } from '../helpers/views.js';
import { adaptiveCardValidator } from './adaptive/adaptive-schema.js';

const image = {
  url: 'https://bot.example.org/charts/abc.png',
  alt: 'Chart: opened and resolved',
  width: 1000,
  height: 377,
};

describe('message image', () => {
  it('renders an Adaptive Card Image element under the facts when the view has an image', () => {
    const card = renderMessageAdaptive({ ...aMessageView(), facts: [{ label: 'Opened', value: '5' }], image });
    expect(adaptiveCardValidator()(card)).toEqual([]);
    const types = card.body.map((b) => b.type);
    expect(types.indexOf('Image')).toBe(types.indexOf('FactSet') + 1);
    expect(card.body.find((b) => b.type === 'Image')).toMatchObject({ url: image.url, altText: image.alt });
  });

  it('renders no Image element when the view has none', () => {
    expect(renderMessageAdaptive(aMessageView()).body.some((b) => b.type === 'Image')).toBe(false);
  });

  it('renders a Slack image block when the view has an image', () => {
    const { blocks } = renderMessageBlocks({ ...aMessageView(), image });
    expect(blocks).toContainEqual({ type: 'image', image_url: image.url, alt_text: image.alt });
    expect(renderMessageBlocks(aMessageView()).blocks.some((b) => b.type === 'image')).toBe(false);
  });
});
