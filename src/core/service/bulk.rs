//! Bulk enrollment as the options page drives it: one request per chunk of prospects, each
//! applied and written in one storage call, so a chunk is enrolled whole or not at all and
//! the page can show progress (and stop) between chunks.
use super::Service;
use crate::core::craft::prospects::Prospect;
use crate::core::engine::{EngineError, Input, ProspectsInput, Refusal};
use crate::core::enrollment::Identity;
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::ports::Ports;

/// Most prospects one request may carry: a chunk is one storage write, and a few hundred
/// enrollments keep it well under a second.
pub const MAX_CHUNK: usize = 1000;

impl Service {
    pub async fn enroll_prospects<P: Ports>(
        &self,
        ports: &P,
        sequence_id: SequenceId,
        account: AccountId,
        identity: Identity,
        prospects: Vec<Prospect>,
    ) -> Result<(Vec<EnrollmentId>, Vec<Refusal>), EngineError> {
        self.state
            .borrow()
            .writable()
            .map_err(EngineError::ReadOnly)?;
        if prospects.len() > MAX_CHUNK {
            return Err(EngineError::Refused(format!(
                "send at most {MAX_CHUNK} prospects at a time"
            )));
        }
        if !self.state.borrow().accounts.contains_key(&account) {
            return Err(EngineError::Refused(
                "that mailbox is unknown here: open it in the browser once (and switch it on for a Roundcube) so mailseq can send from it".into(),
            ));
        }
        if identity.email.trim().is_empty() {
            return Err(EngineError::Refused(
                "pick the sender address the first emails go from".into(),
            ));
        }
        let zones: Vec<String> = prospects
            .iter()
            .filter_map(|p| p.time_zone.clone())
            .collect();
        self.ensure_zones(ports, &zones).await;
        let prospects = prospects
            .iter()
            .map(|p| {
                (
                    EnrollmentId(format!("e-{}", ports.new_id())),
                    p.to_recipient(),
                )
            })
            .collect();
        let out = self
            .apply(
                ports,
                Input::EnrollProspects(Box::new(ProspectsInput {
                    sequence_id,
                    account,
                    identity,
                    prospects,
                })),
            )
            .await?;
        Ok((out.enrolled, out.refused))
    }
}
