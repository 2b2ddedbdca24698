//! End-to-end tests live in `tests/`. The repository README is included here so that its usage
//! example is compiled as a doctest and cannot go stale.
#![doc = include_str!("../../README.md")]

/// Ids of different kinds cannot be swapped once they come from the API (`x-rust-id` in the
/// spec). The two examples differ only in the order of the ids: the first compiles, the second
/// must not.
///
/// ```no_run
/// # async fn example(client: &genesys_cloud_oauth::Client) -> Result<(), genesys_cloud_oauth::Error> {
/// use genesys_cloud_oauth::models::ApiUsageClientQuery;
/// let created = client.post_oauth_clients(genesys_cloud_oauth::models::OAuthClientRequest::new(
///     "n",
///     genesys_cloud_oauth::models::GrantType::ClientCredentials,
/// )).await?;
/// let started = client.post_oauth_client_usage_query(created.id.clone(), ApiUsageClientQuery::new("i")).await?;
/// let execution = started.execution_id.unwrap();
/// client.get_oauth_client_usage_query_result(execution, created.id).await?;
/// # Ok(())
/// # }
/// ```
///
/// ```compile_fail
/// # async fn example(client: &genesys_cloud_oauth::Client) -> Result<(), genesys_cloud_oauth::Error> {
/// use genesys_cloud_oauth::models::ApiUsageClientQuery;
/// let created = client.post_oauth_clients(genesys_cloud_oauth::models::OAuthClientRequest::new(
///     "n",
///     genesys_cloud_oauth::models::GrantType::ClientCredentials,
/// )).await?;
/// let started = client.post_oauth_client_usage_query(created.id.clone(), ApiUsageClientQuery::new("i")).await?;
/// let execution = started.execution_id.unwrap();
/// client.get_oauth_client_usage_query_result(created.id, execution).await?;
/// # Ok(())
/// # }
/// ```
pub struct IdsOfDifferentKindsDoNotMix;
