/** A contact as the form sends it, and a village's region path, for the domain rules' tests. */
import type { ContactInput } from '@shared/contracts/contacts'

export const village = ['513300000000', '513332000000', '513332100000', '513332100201']

export function contact(over: Partial<ContactInput> = {}): ContactInput {
  return {
    id: '0b5f5c2e-9a51-4c8e-8d3c-2f1b6a7e9c10',
    householdId: 'h1',
    channel: 'visit',
    at: '2025-03-10T09:00:00+08:00',
    topics: ['policy', 'schooling'],
    notes: '了解孩子上学情况',
    photos: [],
    locationConsent: false,
    needs: [],
    ...over,
  }
}
