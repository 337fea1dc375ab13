/** Expects an axios call to fail with `status`; returns the error body. */
export async function expectStatus(promise: Promise<unknown>, status: number, label = ""): Promise<any> {
  const error: any = await promise.then(
    () => {
      throw new Error(`expected HTTP ${status}, the request succeeded ${label}`.trim())
    },
    (e) => e
  )
  if (!error.response) {
    throw error
  }
  expect({ label, status: error.response.status, body: error.response.data }).toMatchObject({ label, status })
  return error.response.data
}
